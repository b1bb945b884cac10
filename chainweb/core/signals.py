"""Signals sent by the request handler and by settings changes (blinker)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent before a request is handled: ``request_started.send(handler_class, environ=environ)``.
request_started = _signals.signal("request-started")
#: Sent when the response body has been closed: ``request_finished.send(handler_class)``.
request_finished = _signals.signal("request-finished")
#: Sent when a view raised an unhandled exception: ``sender``, ``request=``, ``exception=``.
got_request_exception = _signals.signal("got-request-exception")
#: Sent when a setting changes under ``override_settings``:
#: ``setting_changed.send(settings_class, setting=name, value=value, enter=bool)``.
setting_changed = _signals.signal("setting-changed")
#: Sent when a template is rendered, only if something listens (the test client does):
#: ``template_rendered.send(template, context=context_dict, request=request_or_none)``.
template_rendered = _signals.signal("template-rendered")
