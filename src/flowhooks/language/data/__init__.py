"""Package data of the language area: word lists and the NLU starter intents."""
