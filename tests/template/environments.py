"""Callables named by OPTIONS['environment'] and context processors in the engine tests."""

import jinja2


def environment(**options):
    env = jinja2.Environment(**options)
    env.globals["shout"] = lambda text: text.upper()
    return env


def own_url_environment(**options):
    env = jinja2.Environment(**options)
    env.globals["url"] = lambda name: f"own:{name}"
    return env


def not_an_environment(**options):
    return {"options": options}


def greeting(request):
    return {"greeting": "from a processor", "name": "processor"}


def method(request):
    return {"method": request.method}


def returns_none(request):
    return None
