"""Background jobs (core.jobs), queued or done with a file."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from core.models import Job

from .units import UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    owner = factory.SubFactory(UserFactory)
    kind = "units.roster_import"
    label = factory.Sequence(lambda n: f"Tác vụ {n}")


def done_job(owner, *, content: bytes = b"PK-test", **fields) -> Job:
    """A job of ``owner`` done a moment ago, with a file to download."""
    job = JobFactory(
        owner=owner, state=Job.State.DONE, finished_at=timezone.now(), result_name="x.xlsx",
        **fields,
    )  # fmt: skip
    job.result_file.save("x.xlsx", ContentFile(content))
    return job
