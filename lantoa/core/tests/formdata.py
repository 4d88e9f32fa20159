"""What a browser would post back from a rendered page's form, for tests that post forms
as a person would (the inline formsets' management fields included)."""

from __future__ import annotations

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._multiple = False
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._template_depth = 0
        self.query_names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._template_depth += 1
        if self._template_depth:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = []
        elif tag == "form":
            self._in_get_form = True
        if self._in_get_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            self.query_names.add(attrs["name"])
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and not self._skipped(attrs):
            self._form.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_values, self._first_option = name, [], None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value")
            self._option = {"value": value, "selected": "selected" in attrs}
            self._text = []
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    @staticmethod
    def _skipped(attrs) -> bool:
        kind = (attrs.get("type") or "text").lower()
        if kind in SKIPPED_INPUTS:
            return True
        return kind in ("checkbox", "radio") and "checked" not in attrs

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
            return
        if tag == "form" and self._in_get_form:
            self._in_get_form = False
            return
        if self._template_depth or self._form is None:
            return
        if tag == "option" and self._option is not None:
            value = self._option["value"]
            value = "".join(self._text).strip() if value is None else value
            if self._first_option is None:
                self._first_option = value
            if self._option["selected"]:
                self._select_values.append(value)
            self._option = None
        elif tag == "select" and self._select is not None:
            values = self._select_values
            if not values and not self._multiple and self._first_option is not None:
                values = [self._first_option]
            self._form.extend((self._select, v) for v in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def form_data(html: str) -> dict[str, list[str]]:
    """The fields of the page's largest POST form, as the test client posts them."""
    parser = _FormParser()
    parser.feed(html)
    if not parser.forms:
        raise AssertionError("the page has no POST form")
    fields = max(parser.forms, key=len)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        if "__prefix__" not in name and name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return data


def query_names(html: str) -> set[str]:
    """The names of every field of the page's GET forms (searches and filters)."""
    parser = _FormParser()
    parser.feed(html)
    return parser.query_names
