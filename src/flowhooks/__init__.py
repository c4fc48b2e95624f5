"""flowhooks: the internal webhooks of an IVR flow platform, self-hosted."""

__version__ = "0.1.0"
