"""The build as a whole: its options (builder.options), whether it can be skipped (builder.fingerprint) and
its report (builder.report). build.run_build runs the stages in order."""
