"""Natural-language understanding for speechprocessing: intents, entities and providers."""
