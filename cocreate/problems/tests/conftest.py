import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocreate.problems.actions import problem_report
from cocreate.problems.models import Category, CategoryQuestion


@pytest.fixture
def category(city, department):
    category = Category.objects.create(
        organisation=city, department=department, name="Potholes", code="potholes", response_days=5
    )
    CategoryQuestion.objects.create(
        category=category,
        code="size",
        label="How big is it?",
        datatype=CategoryQuestion.Datatype.SINGLEVALUELIST,
        required=True,
        choices=[{"key": "small", "name": "Small"}, {"key": "large", "name": "Large"}],
    )
    return category


@pytest.fixture
def lights(city, department):
    return Category.objects.create(organisation=city, department=department, name="Street lights", code="lights")


@pytest.fixture
def make_problem(city, lights, make_user):
    def make(title="Street light out on Elm Road", author=None, **extra):
        extra.setdefault("category", lights)
        return problem_report(
            author=author or make_user(),
            organisation=city,
            title=title,
            description="It has been dark for a week.",
            **extra,
        )

    return make


def jpeg_with_gps(size=(800, 600)) -> bytes:
    """A JPEG carrying EXIF camera and GPS data, as phones write them."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (52.0, 31.0, 12.0)
    gps[3], gps[4] = "E", (13.0, 24.0, 18.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def photo_upload():
    def make(name="photo.jpg", content=None, content_type="image/jpeg"):
        return SimpleUploadedFile(name, content if content is not None else jpeg_with_gps(), content_type=content_type)

    return make
