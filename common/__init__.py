"""What every stage shares and none owns: files written whole (common.files) and the hash of our code
(common.code)."""
