"""Where snapshots come from: exported JSON files now, the live OCI API later."""
