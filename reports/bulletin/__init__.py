"""The monthly bulletin (招商引资工作月通报): ``figures`` gathers the snapshot at the cut-off, ``render`` turns a
snapshot alone into the page, the PDF and the .xlsx, ``views`` serves them; the writes are in ``reports.services``."""
