"""What the feedback tests share: the answer to a public form's captcha, read from the captcha store."""

import re

from captcha.models import CaptchaStore

_HASHKEY = re.compile(r'name="captcha_0" value="([0-9a-f]+)"')


def captcha_fields(response_or_form) -> dict:
    """{"captcha_0": key, "captcha_1": answer} for the captcha of a rendered page (a response) or of a form."""
    if hasattr(response_or_form, "content"):
        html = response_or_form.content.decode()
    else:
        html = str(response_or_form["captcha"])
    key = _HASHKEY.search(html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}
