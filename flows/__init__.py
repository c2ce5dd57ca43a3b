"""winnow's adapters: the `winnow` CLI and the Prefect flows. Both call the cleaners library."""
