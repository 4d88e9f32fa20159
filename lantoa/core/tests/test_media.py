"""The embedded server (`make run`, DEBUG off) serves image renditions from MEDIA_ROOT/images/
and nothing else under MEDIA_ROOT: documents go through /documents/<id>/<name> and its scope
hook, original images only through renditions, and no path leaves the images folder."""

import http.client
import importlib
import io
import threading

import pytest
from django.urls import clear_url_caches
from PIL import Image
from waitress import create_server
from waitress.wasyncore import close_all

import lantoa.urls
from lantoa.wsgi import application

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "#c8102e").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    """DATA_DIR-like layout: a secret beside MEDIA_ROOT, a rendition, an original, a document."""
    (tmp_path / "secret_key").write_text("not-for-the-web")
    root = tmp_path / "media"
    for folder in ("images", "original_images", "documents"):
        (root / folder).mkdir(parents=True)
    poster = png_bytes()
    (root / "images" / "poster.max-800x600.png").write_bytes(poster)
    (root / "images" / "page.html").write_text("<script>alert(1)</script>")
    (root / "images" / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    (root / "images" / "outside.png").symlink_to(tmp_path / "secret_key")
    (root / "original_images" / "poster.png").write_bytes(poster)
    (root / "documents" / "bien-ban.txt").write_text("Bien ban hop")
    settings.MEDIA_ROOT = root
    return {"poster": poster}


def test_an_image_rendition_is_served_with_its_type_nosniff_and_caching(client, media):
    response = client.get("/media/images/poster.max-800x600.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == media["poster"]
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_an_unchanged_image_answers_304_to_a_conditional_request(client, media):
    first = client.get("/media/images/poster.max-800x600.png")
    again = client.get("/media/images/poster.max-800x600.png", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_images_are_read_only(client, media):
    assert client.post("/media/images/poster.max-800x600.png").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/bien-ban.txt",
        "/media/original_images/poster.png",
        "/media/secret_key",
        "/media/images/",
        "/media/images/missing.png",
        "/media/images/page.html",
        "/media/images/drawing.svg",
        "/media/images/outside.png",
        "/media/images/../documents/bien-ban.txt",
        "/media/images/..%2fdocuments%2fbien-ban.txt",
        "/media/images/..%2f..%2fsecret_key",
        "/media/images/%2e%2e/%2e%2e/secret_key",
        "/media/images/..%5c..%5csecret_key",
        "/media/images/%2fetc%2fpasswd",
        "/media/images//etc/passwd",
        "/media/images/poster.max-800x600.png%00.txt",
    ],
)
def test_nothing_outside_the_image_renditions_is_served(client, media, path):
    assert client.get(path).status_code == 404


@pytest.fixture
def urls_without_media(settings):
    def reload_urls():
        importlib.reload(lantoa.urls)
        clear_url_caches()

    serving = settings.LANTOA_SERVE_MEDIA
    settings.LANTOA_SERVE_MEDIA = False
    reload_urls()
    yield
    settings.LANTOA_SERVE_MEDIA = serving
    reload_urls()


def test_a_reverse_proxy_can_take_over_image_serving(client, media, urls_without_media):
    assert client.get("/media/images/poster.max-800x600.png").status_code == 404


@pytest.fixture
def waitress_server(transactional_db):
    """`make run`'s server (waitress, DEBUG off) in a thread, raw paths sent as typed."""
    server = create_server(application, host="127.0.0.1", port=0, threads=1)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.effective_port
    server.task_dispatcher.shutdown()
    close_all(server._map)
    thread.join(timeout=5)


def raw_get(port: int, path: str) -> tuple[int, bytes, http.client.HTTPResponse]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", "localhost")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response


def test_the_waitress_server_serves_images_and_refuses_escapes(media, waitress_server):
    status, body, response = raw_get(waitress_server, "/media/images/poster.max-800x600.png")
    assert (status, body) == (200, media["poster"])
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    for path in (
        "/media/images/..%2f..%2fsecret_key",
        "/media/images/../../secret_key",
        "/media/images/%2e%2e%2fdocuments%2fbien-ban.txt",
        "/media/documents/bien-ban.txt",
    ):
        status, body, _ = raw_get(waitress_server, path)
        assert status == 404, path
        assert b"not-for-the-web" not in body
        assert b"Bien ban hop" not in body
