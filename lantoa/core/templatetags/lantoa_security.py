from django import template

from lantoa.core.security import script_nonce as current_script_nonce

register = template.Library()


@register.simple_tag
def script_nonce() -> str:
    """The Content-Security-Policy nonce of the response being rendered: `<script nonce="{% script_nonce %}">`."""
    return current_script_nonce()
