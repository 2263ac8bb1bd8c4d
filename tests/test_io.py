"""Bad input gets a clear error naming the input, or a correct decode."""
import codecs

import pytest

from rawi.io import InputError, decode, html_to_text, read_text

TEXT = "منابع آگاه گفتند که سرکرده‌های داعش می‌روند."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with BOM
    TEXT.encode("utf-16-le"),  # no BOM
    TEXT.encode("utf-32"),
])
def test_unicode_encodings_decode(data):
    assert decode(data, "a.txt") == TEXT


def test_windows_1256_decodes():
    text = "منابع آگاه گفتند كه نيروهاي آمريكايي حمله كردند."  # cp1256 has Arabic yeh/kaf only
    assert decode(text.encode("cp1256"), "old.txt") == text


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (bytes(range(256)) * 10, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
])
def test_bad_bytes_named_error(data, reason):
    with pytest.raises(InputError) as e:
        decode(data, "bad.bin")
    assert e.value.name == "bad.bin"
    assert reason in e.value.reason


def test_invalid_utf8_latin_is_refused():
    with pytest.raises(InputError) as e:
        decode("naïve café résumé".encode("latin-1"), "x.txt")
    assert "UTF-8" in e.value.reason


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_html_keeps_zwnj():
    html = ("<html><head><title>خبر‌ها</title></head><body><article><p>"
            + "این متن آزمایشی می&zwnj;شود و کتاب‌ها را نشان می‌دهد. " * 5 + "</p></article></body></html>")
    text, meta = html_to_text(html, "page.html")
    assert "می\u200cشود" in text and "کتاب\u200cها" in text
    assert meta["title"] == "خبر\u200cها"
    assert "\ua66e" not in text


def test_html_without_text_is_an_error():
    with pytest.raises(InputError) as e:
        html_to_text("<html><body><script>x()</script></body></html>", "empty.html")
    assert e.value.name == "empty.html"
