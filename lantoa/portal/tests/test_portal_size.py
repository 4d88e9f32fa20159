"""An article with three images weighs less than 200 KB of HTML and CSS (images apart)."""

import pytest
from django.contrib.staticfiles import finders

from .portal_world import HOST, image_block, make_image, publish_article

pytestmark = pytest.mark.django_db

LIMIT = 200 * 1024


def test_an_article_with_three_images_stays_under_200_kb(client, portal):
    images = [make_image(f"Ảnh {n}", color=color) for n, color in enumerate(["#0b4ea2", "#c8102e", "#1d7a46"])]
    body = [("paragraph", "<p>" + "Đoàn viên công đoàn tham gia hội thao. " * 40 + "</p>")]
    for image in images:
        body += [image_block(image), ("paragraph", "<p>" + "Nội dung tiếp theo của bài viết. " * 30 + "</p>")]
    article = publish_article(portal["section"], 1, body=body)
    for n in range(2, 6):
        publish_article(portal["section"], n)
    html = client.get(article.url, HTTP_HOST=HOST).content
    css = open(finders.find("portal/portal.css"), "rb").read()
    assert html.count(b"<picture>") == 3
    assert len(html) + len(css) < LIMIT
    assert b"<script" not in html and b"http://" not in css and b"https://" not in html.split(b"</head>")[1]
