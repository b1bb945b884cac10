"""A settings module that leaves SECRET_KEY empty."""

DEBUG = True
