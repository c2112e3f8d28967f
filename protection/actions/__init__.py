"""The protection workflows, one module per topic. Views, the API, commands
and tasks all call these; each is typed, keyword-only and transactional."""
