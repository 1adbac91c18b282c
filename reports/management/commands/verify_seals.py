"""``manage.py verify_seals``: check the seal of every signed evaluation and commitment.

Prints each record whose data no longer hashes to its stored seal (kind, id, person, the
seal stored and the one its data gives now), then the counts; exits with status 1 when any
record does not match, 0 otherwise. For auditors, and for CI after a restore. It lives in
``reports`` because it reads both apps (which know nothing of each other).
"""

from django.core.management.base import BaseCommand, CommandError

from commitments import selectors as commitments
from commitments.sealing import SEAL_KIND as COMMITMENT
from commitments.sealing import seal_fields as commitment_fields
from core.seals import seal_bytes
from evaluations import selectors as evaluations
from evaluations.sealing import SEAL_KIND as EVALUATION
from evaluations.sealing import seal_fields as evaluation_fields

CHUNK = 500


def _checks():
    """(kind, record, SealCheck) for every signed record of both apps."""
    for evaluation in evaluations.signed_evaluations().iterator(chunk_size=CHUNK):
        yield "evaluation", evaluation, evaluations.seal_status(evaluation, prefetched=True)
    for commitment in commitments.signed_commitments().iterator(chunk_size=CHUNK):
        yield "commitment", commitment, commitments.seal_status(commitment)


class Command(BaseCommand):
    help = "Check the seal of every signed evaluation and commitment; exit 1 on a mismatch."

    def add_arguments(self, parser):
        parser.add_argument(
            "--show",
            metavar="KIND:ID",
            help="print the exact bytes hashed for one record (evaluation:ID, commitment:ID)",
        )

    def handle(self, *args, **options):
        if options["show"]:
            self.stdout.write(_shown(options["show"]))
            return
        counts = {"evaluation": [0, 0], "commitment": [0, 0]}  # checked, not matching
        for kind, record, check in _checks():
            counts[kind][0] += 1
            if check.intact:
                continue
            counts[kind][1] += 1
            person = record.person
            reason = "" if check.sound else " (the text no longer hashes to its text_sha256)"
            self.stdout.write(
                f"MISMATCH {kind} {record.pk} {person.staff_code} {person.full_name}: "
                f"expected {check.stored or '(no seal)'}, found {check.computed}{reason}"
            )
        mismatches = sum(bad for _checked, bad in counts.values())
        summary = ", ".join(
            f"{checked} {kind}s checked, {bad} not matching"
            for kind, (checked, bad) in counts.items()
        )
        if mismatches:
            raise CommandError(f"{summary}.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"{summary}: every seal is intact."))


def _shown(spec: str) -> str:
    """The canonical bytes of one record, as text (for an auditor's comparison)."""
    kind, _colon, pk = spec.partition(":")
    sources = {
        EVALUATION: (evaluations.signed_evaluations, evaluation_fields),
        COMMITMENT: (commitments.signed_commitments, commitment_fields),
    }
    if kind not in sources or not pk.isdigit():
        raise CommandError("--show takes evaluation:ID or commitment:ID.")
    rows, fields = sources[kind]
    record = rows().filter(pk=int(pk)).first()
    if record is None:
        raise CommandError(f"No signed {kind} {pk}.")
    return seal_bytes(kind, fields(record)).decode("utf-8")
