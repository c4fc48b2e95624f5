"""Business calendars for call flows: pure functions, no I/O, the clock always injected.

- settings: CalendarSettings, an account's calendar (stored in AccountSettings.calendar)
- business: BusinessCalendar (business days, holidays cached per settings and year)
- parsing: parse_date_input / find_date_in_text (ISO, day-first, English and Hindi speech)
- validation: validate() and compare(), the rules of ValidateDateAndTime and dateCompare
- spoken/: the one reader of spoken dates (vocabulary + rules)
- formatting, weekdays, holiday_files, slots, month_dates: their helpers
"""
