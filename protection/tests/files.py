"""Uploads for the protection tests: real signatures, and files that lie about what they are."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# A Windows program and a web page, each renamed to look like a photo.
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
WEB_PAGE = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def upload(content: bytes = PNG, name: str = "slip-gaji.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")
