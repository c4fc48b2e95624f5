"""The languages translateText understands: code, English name, other names, native names.

Codes are the ones Google Cloud Translation v2 uses (ISO 639-1 where one exists, else
ISO 639-2/3 or a BCP 47 tag such as ``mni-Mtei``). Every scheduled language of India is
here, with its name in its own script(s), plus the common world languages Google supports.
The table is data only; ``names.py`` builds the look-ups.
"""

from __future__ import annotations

from typing import NamedTuple


class Language(NamedTuple):
    """One language: canonical code, English name, extra names and codes, native names."""

    code: str
    english: str
    other_names: tuple[str, ...] = ()
    other_codes: tuple[str, ...] = ()
    native: tuple[str, ...] = ()


# English and the 22 languages of the Eighth Schedule of the Constitution of India.
INDIAN: tuple[Language, ...] = (
    Language("en", "English", native=("English", "अंग्रेज़ी", "अंग्रेजी")),
    Language("as", "Assamese", ("Asamiya",), native=("অসমীয়া",)),
    Language("bn", "Bengali", ("Bangla",), native=("বাংলা",)),
    Language("brx", "Bodo", ("Boro",), native=("बड़ो", "बर'")),
    Language("doi", "Dogri", native=("डोगरी",)),
    Language("gu", "Gujarati", native=("ગુજરાતી",)),
    Language("hi", "Hindi", native=("हिन्दी", "हिंदी")),
    Language("kn", "Kannada", ("Canarese",), native=("ಕನ್ನಡ",)),
    Language("ks", "Kashmiri", ("Koshur",), native=("कॉशुर", "كٲشُر")),
    Language("gom", "Konkani", other_codes=("kok",), native=("कोंकणी", "कोंकणी भास")),
    Language("mai", "Maithili", native=("मैथिली",)),
    Language("ml", "Malayalam", native=("മലയാളം",)),
    Language(
        "mni-Mtei",
        "Manipuri",
        ("Meitei", "Meiteilon", "Meetei"),
        ("mni",),
        ("ꯃꯩꯇꯩꯂꯣꯟ", "ꯃꯤꯇꯩꯂꯣꯟ", "মণিপুরী"),
    ),
    Language("mr", "Marathi", native=("मराठी",)),
    Language("ne", "Nepali", ("Nepalese",), native=("नेपाली",)),
    Language("or", "Odia", ("Oriya",), ("ory",), ("ଓଡ଼ିଆ",)),
    Language("pa", "Punjabi", ("Panjabi",), native=("ਪੰਜਾਬੀ", "پنجابی")),
    Language("sa", "Sanskrit", native=("संस्कृतम्", "संस्कृत")),
    Language("sat", "Santali", ("Santhali",), native=("ᱥᱟᱱᱛᱟᱲᱤ",)),
    Language("sd", "Sindhi", native=("سنڌي", "सिन्धी")),
    Language("ta", "Tamil", native=("தமிழ்",)),
    Language("te", "Telugu", native=("తెలుగు",)),
    Language("ur", "Urdu", native=("اردو",)),
)

# Other languages of India and its neighbours that flows meet often.
REGIONAL: tuple[Language, ...] = (
    Language("bho", "Bhojpuri", native=("भोजपुरी",)),
    Language("lus", "Mizo", native=("Mizo ṭawng",)),
    Language("si", "Sinhala", ("Sinhalese",), native=("සිංහල",)),
    Language("dv", "Dhivehi", ("Maldivian", "Divehi"), native=("ދިވެހި",)),
    Language("my", "Burmese", ("Myanmar",), native=("မြန်မာ",)),
    Language("ps", "Pashto", ("Pushto",), native=("پښتو",)),
)

WORLD: tuple[Language, ...] = (
    Language("af", "Afrikaans", native=("Afrikaans",)),
    Language("sq", "Albanian", native=("Shqip",)),
    Language("am", "Amharic", native=("አማርኛ",)),
    Language("ar", "Arabic", native=("العربية",)),
    Language("hy", "Armenian", native=("Հայերեն",)),
    Language("az", "Azerbaijani", ("Azeri",), native=("Azərbaycan",)),
    Language("eu", "Basque", native=("Euskara",)),
    Language("be", "Belarusian", native=("Беларуская",)),
    Language("bs", "Bosnian", native=("Bosanski",)),
    Language("bg", "Bulgarian", native=("Български",)),
    Language("ca", "Catalan", native=("Català",)),
    Language("ceb", "Cebuano"),
    Language(
        "zh-CN",
        "Chinese (Simplified)",
        ("Chinese", "Mandarin", "Simplified Chinese"),
        ("zh", "zh-Hans", "zh-SG"),
        ("中文", "简体中文"),
    ),
    Language(
        "zh-TW",
        "Chinese (Traditional)",
        ("Traditional Chinese",),
        ("zh-Hant", "zh-HK"),
        ("繁體中文",),
    ),
    Language("hr", "Croatian", native=("Hrvatski",)),
    Language("cs", "Czech", native=("Čeština",)),
    Language("da", "Danish", native=("Dansk",)),
    Language("nl", "Dutch", native=("Nederlands",)),
    Language("eo", "Esperanto"),
    Language("et", "Estonian", native=("Eesti",)),
    Language("tl", "Filipino", ("Tagalog",), ("fil",), ("Wikang Filipino",)),
    Language("fi", "Finnish", native=("Suomi",)),
    Language("fr", "French", native=("Français",)),
    Language("gl", "Galician", native=("Galego",)),
    Language("ka", "Georgian", native=("ქართული",)),
    Language("de", "German", native=("Deutsch",)),
    Language("el", "Greek", native=("Ελληνικά",)),
    Language("ht", "Haitian Creole", native=("Kreyòl ayisyen",)),
    Language("ha", "Hausa"),
    Language("he", "Hebrew", other_codes=("iw",), native=("עברית",)),
    Language("hu", "Hungarian", native=("Magyar",)),
    Language("is", "Icelandic", native=("Íslenska",)),
    Language("ig", "Igbo"),
    Language("id", "Indonesian", native=("Bahasa Indonesia",)),
    Language("ga", "Irish", native=("Gaeilge",)),
    Language("it", "Italian", native=("Italiano",)),
    Language("ja", "Japanese", native=("日本語",)),
    Language("jv", "Javanese", other_codes=("jw",), native=("Basa Jawa",)),
    Language("kk", "Kazakh", native=("Қазақ тілі",)),
    Language("km", "Khmer", native=("ខ្មែរ",)),
    Language("ko", "Korean", native=("한국어",)),
    Language("ku", "Kurdish", ("Kurmanji",), native=("Kurdî",)),
    Language("ky", "Kyrgyz", native=("Кыргызча",)),
    Language("lo", "Lao", native=("ລາວ",)),
    Language("la", "Latin", native=("Latina",)),
    Language("lv", "Latvian", native=("Latviešu",)),
    Language("lt", "Lithuanian", native=("Lietuvių",)),
    Language("mk", "Macedonian", native=("Македонски",)),
    Language("mg", "Malagasy"),
    Language("ms", "Malay", native=("Bahasa Melayu",)),
    Language("mt", "Maltese", native=("Malti",)),
    Language("mi", "Maori", native=("Te Reo Māori",)),
    Language("mn", "Mongolian", native=("Монгол",)),
    Language("no", "Norwegian", other_codes=("nb",), native=("Norsk",)),
    Language("fa", "Persian", ("Farsi",), native=("فارسی",)),
    Language("pl", "Polish", native=("Polski",)),
    Language("pt", "Portuguese", native=("Português",)),
    Language("ro", "Romanian", native=("Română",)),
    Language("ru", "Russian", native=("Русский",)),
    Language("gd", "Scots Gaelic", ("Scottish Gaelic",), native=("Gàidhlig",)),
    Language("sr", "Serbian", native=("Српски",)),
    Language("sk", "Slovak", native=("Slovenčina",)),
    Language("sl", "Slovenian", ("Slovene",), native=("Slovenščina",)),
    Language("so", "Somali", native=("Soomaali",)),
    Language("es", "Spanish", native=("Español",)),
    Language("sw", "Swahili", native=("Kiswahili",)),
    Language("sv", "Swedish", native=("Svenska",)),
    Language("tg", "Tajik", native=("Тоҷикӣ",)),
    Language("th", "Thai", native=("ไทย",)),
    Language("tr", "Turkish", native=("Türkçe",)),
    Language("tk", "Turkmen", native=("Türkmen",)),
    Language("uk", "Ukrainian", native=("Українська",)),
    Language("ug", "Uyghur", ("Uighur",), native=("ئۇيغۇرچە",)),
    Language("uz", "Uzbek", native=("Oʻzbek",)),
    Language("vi", "Vietnamese", native=("Tiếng Việt",)),
    Language("cy", "Welsh", native=("Cymraeg",)),
    Language("xh", "Xhosa", native=("isiXhosa",)),
    Language("yi", "Yiddish", native=("ייִדיש",)),
    Language("yo", "Yoruba", native=("Yorùbá",)),
    Language("zu", "Zulu", native=("isiZulu",)),
)

LANGUAGES: tuple[Language, ...] = INDIAN + REGIONAL + WORLD
