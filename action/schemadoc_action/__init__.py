"""The schemadoc GitHub Action (action.yml at the repository root runs `python3 -m
schemadoc_action`): check the inputs, install schemadoc from the action's own checkout,
then either diff a pull request's schema and comment on it, or build the site for Pages.

Standard library only: it runs on the job's Python before schemadoc is installed, and
drives schemadoc through its command line, as a team's own workflow would.
"""
