"""The commands themselves, one module each (snapshot, build, init in `scaffold`, lint,
diff, demo), how they read a database (`database`) and what they print on a terminal
(`console`, `summary`): they call the stages (introspect, snapshot, config, diff, lint,
render) in order; `generator.cli` only parses arguments and calls one function here per
command.
"""
