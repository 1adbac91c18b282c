"""Pages of the commitments: thin views over the selectors and services."""

from .district import ReportActionView, ReportDetailView, TrackingExportView, TrackingView
from .office import OfficeActionView, OfficeSubmitView, OfficeView, RecordPaperView
from .person import CommitmentDetailView, CommitmentPrintView, IndexView, ScanView, VerifyView

__all__ = [
    "CommitmentDetailView",
    "CommitmentPrintView",
    "IndexView",
    "OfficeActionView",
    "OfficeSubmitView",
    "OfficeView",
    "RecordPaperView",
    "ReportActionView",
    "ReportDetailView",
    "ScanView",
    "TrackingExportView",
    "TrackingView",
    "VerifyView",
]
