"""Form and catalogue files as YAML: strict parsing (duplicate keys refused) and the
`file: path: reason` problem lines every file check reports."""

from pathlib import Path
from typing import Any

import yaml

from server.domain_errors import Term


class FormDefinitionError(Exception):
    """A form or catalogue file is invalid; `errors` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys instead of keeping the last."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


#: A YAML document nested deeper than the parser's recursion allows (a form is 4 levels).
TOO_DEEP = "Nested too deeply."
#: A problem line, `file: path: reason` or `file: reason`: no msgid itself, its reason a
#: `Term` translated by its msgid and values (server.messages).
LINES = ("{source}: {reason}", "{source}: {path}: {reason}")


def error_line(source: str, reason: Any, path: str | None = None) -> Term:
    """One problem line of a form or catalogue file (a plain reason is a msgid)."""
    reason = reason if isinstance(reason, Term) else Term(str(reason))
    return Term(LINES[path is not None], source=source, path=path, reason=reason)


def read_yaml(path: Path | str) -> Any:
    """Parse one YAML file; raise FormDefinitionError naming the file and line."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_UniqueKeyLoader)  # noqa: S506 (safe subclass)
    except OSError as err:
        reason = Term("cannot read file: {reason}", reason=err.strerror)
        raise FormDefinitionError([error_line(str(path), reason)]) from err
    except UnicodeDecodeError as err:
        reason = Term("Not a UTF-8 text file.")
        raise FormDefinitionError([error_line(str(path), reason)]) from err
    except RecursionError as err:
        raise FormDefinitionError([error_line(str(path), TOO_DEEP)]) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(document)"
        problem = getattr(err, "problem", None) or str(err)
        reason = Term("invalid YAML: {problem}", problem=problem)
        raise FormDefinitionError([error_line(str(path), reason, where)]) from err
