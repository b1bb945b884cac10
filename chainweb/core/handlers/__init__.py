"""The request handler: the WSGI entry point and the middleware chain around the view."""
