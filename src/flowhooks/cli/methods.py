"""`flowhooks methods`: every webhook method with its status and inputs, from the registry."""

from __future__ import annotations

import typer


def methods() -> None:
    """List every webhook method with its status and inputs."""
    from flowhooks.methods import REGISTRY

    for method in REGISTRY:
        typer.echo(f"{method.name}  [{method.status}]  /{method.service}/{{env}}/")
        typer.echo(f"    {method.summary}")
        for param in method.inputs:
            if param.required:
                need = "required"
            elif param.required_when:
                need = f"required when {param.required_when[0]}={param.required_when[1]}"
            else:
                need = "optional"
            typer.echo(f"    - {param.full_name} ({need}): {param.expected}")
