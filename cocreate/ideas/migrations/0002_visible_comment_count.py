"""The stored comment count now counts only the comments people can read (moderation hides the others)."""

from django.db import migrations
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_visible_comments(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Comment = apps.get_model("engagement", "Comment")
    model = apps.get_model("ideas", "idea")
    content_type = ContentType.objects.filter(app_label="ideas", model="idea").first()
    if content_type is None:
        return  # a new database: nothing has been commented yet
    visible = (
        Comment.objects.filter(target_type=content_type, target_id=OuterRef("pk"), is_hidden=False)
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    model.objects.filter(~Q(comment_count=Coalesce(Subquery(visible), 0))).update(
        comment_count=Coalesce(Subquery(visible), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0001_initial"),
        ("engagement", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(count_visible_comments, migrations.RunPython.noop)]
