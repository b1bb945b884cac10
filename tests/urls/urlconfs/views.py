"""Views for the URLconf fixtures; none is ever called, the resolver only hands them back."""

from functools import partial


def empty_view(request, *args, **kwargs):
    return None


def absolute_kwargs_view(request, arg1=1, arg2=2):
    return None


def defaults_view(request, arg1, arg2):
    return None


def nested_view(request):
    return None


def other_view(request, *args, **kwargs):
    return None


def unrouted_view(request):
    """Appears in no URLconf: reversing it must fail."""
    return None


uncallable = None  # neither a callable nor an include()


class ViewClass:
    """A callable instance used as a view (chainweb has no class-based views yet)."""

    def __call__(self, request, *args, **kwargs):
        return None


view_class_instance = ViewClass()

empty_view_partial = partial(empty_view, template_name="template.html")
