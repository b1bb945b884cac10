from chainweb import messages
from chainweb.http import HttpResponse, HttpResponseRedirect, JsonResponse
from chainweb.messages.context_processors import messages as messages_context


def _as_json(storage):
    return [
        {
            "message": str(message),
            "level": message.level,
            "tags": message.tags,
            "level_tag": message.level_tag,
            "extra_tags": message.extra_tags,
        }
        for message in storage
    ]


def add(request):
    """Add one message per ``m`` query value (``level:text`` or ``level:text:tags``)."""
    for spec in request.GET.getlist("m"):
        level, text, *tags = spec.split(":", 2)
        messages.add_message(request, int(level), text, extra_tags=tags[0] if tags else "")
    return HttpResponseRedirect(request.GET.get("next", "/show/"))


def shortcuts(request):
    messages.debug(request, "debug")
    messages.info(request, "info")
    messages.success(request, "success")
    messages.warning(request, "warning")
    messages.error(request, "error", extra_tags="urgent")
    return HttpResponseRedirect("/show/")


def show(request):
    return JsonResponse(_as_json(messages.get_messages(request)), safe=False)


def count(request):
    """Count the messages without reading them, so they are kept."""
    return HttpResponse(str(len(messages.get_messages(request))))


def add_and_show(request):
    messages.info(request, "same request")
    return JsonResponse(_as_json(messages.get_messages(request)), safe=False)


def read_then_add(request):
    shown = _as_json(messages.get_messages(request))
    messages.info(request, "added after reading")
    return JsonResponse(shown, safe=False)


def set_level(request):
    level = request.GET.get("level")
    messages.set_level(request, None if level == "default" else int(level))
    messages.debug(request, "debug after set_level")
    messages.info(request, "info after set_level")
    return JsonResponse({"level": messages.get_level(request)})


def levels(request):
    return JsonResponse({"level": messages.get_level(request)})


def without_middleware(request):
    messages.info(request, "lost", fail_silently=request.GET.get("silent") == "1")
    return HttpResponse("added")


def context(request):
    ctx = messages_context(request)
    return JsonResponse(
        {"messages": _as_json(ctx["messages"]), "levels": ctx["DEFAULT_MESSAGE_LEVELS"]}
    )
