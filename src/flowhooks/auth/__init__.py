"""Every credential check: webhook callers (Basic, IP allow-list), admin tokens, custTokens
and console sessions."""
