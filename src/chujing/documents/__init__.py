"""Official documents (GB/T 9704 layout) as .docx and PDF, and Excel registers."""

from chujing.documents.model import OfficialDocument, Section, Table

__all__ = ["OfficialDocument", "Section", "Table"]
