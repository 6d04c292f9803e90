"""What every stage shares: problems and errors, paths and digests, document info, Norwegian text helpers."""
