"""HTTP request and response objects."""

from __future__ import annotations

from .exceptions import BadHeaderError as BadHeaderError
from .exceptions import DisallowedRedirect as DisallowedRedirect
from .exceptions import Http404 as Http404
from .exceptions import RawPostDataException as RawPostDataException
from .exceptions import TooManyFilesSent as TooManyFilesSent
from .multipartparser import UploadedFile as UploadedFile
from .request import Request as Request
from .response import FileResponse as FileResponse
from .response import HttpResponse as HttpResponse
from .response import HttpResponseBadRequest as HttpResponseBadRequest
from .response import HttpResponseForbidden as HttpResponseForbidden
from .response import HttpResponseGone as HttpResponseGone
from .response import HttpResponseNotAllowed as HttpResponseNotAllowed
from .response import HttpResponseNotFound as HttpResponseNotFound
from .response import HttpResponseNotModified as HttpResponseNotModified
from .response import HttpResponsePermanentRedirect as HttpResponsePermanentRedirect
from .response import HttpResponseRedirect as HttpResponseRedirect
from .response import HttpResponseRedirectBase as HttpResponseRedirectBase
from .response import HttpResponseServerError as HttpResponseServerError
from .response import JsonResponse as JsonResponse
from .response import StreamingHttpResponse as StreamingHttpResponse
from .response import make_response as make_response
