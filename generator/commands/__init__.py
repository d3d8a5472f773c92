"""The commands themselves (build, init, demo) and what they print on a terminal
(`console`, `summary`): they call the stages (introspect, snapshot, config, diff, lint,
render) in order; `generator.cli` only parses arguments and calls them.
"""
