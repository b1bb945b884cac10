"""Session stores: ``SESSION_ENGINE`` names one of these modules, each with a ``SessionStore``."""
