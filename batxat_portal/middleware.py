class VietnameseFirstMiddleware:
    """The portal speaks Vietnamese unless the person chose English in the menu.

    Django would otherwise follow the browser's Accept-Language, and most office browsers here are
    set to English. Must run before LocaleMiddleware; the language cookie still wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
