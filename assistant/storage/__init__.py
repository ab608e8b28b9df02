"""Storage: atomic writes, the lists the assistant keeps, and YAML files people edit."""
