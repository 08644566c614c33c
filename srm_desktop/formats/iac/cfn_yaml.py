"""CloudFormation YAML, read safely.

CloudFormation's short-form intrinsics (``!Ref``, ``!GetAtt``, ``!Sub``...) are YAML tags. The
loader here is a ``yaml.SafeLoader`` subclass that knows exactly those tags and turns each into
its long form (``{"Ref": ...}``, ``{"Fn::GetAtt": [...]}``), so the rest of the code reads one
shape whether the template was written short, long or in JSON. Any other tag -- including
``!!python/object`` -- is refused by the safe constructor, with its line.

Aliases need a second guard. PyYAML shares an aliased node instead of copying it, so loading a
"billion laughs" document is cheap, but anything that *walks* the result visits every share:
nine levels of ten aliases is a billion visits. Before constructing anything we therefore count
the expanded size of the node graph (memoised per node, so counting is linear) and refuse
documents that would expand beyond :data:`MAX_EXPANDED_NODES`, or that refer to themselves.
"""

from __future__ import annotations

from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from srm_desktop.domain.errors import InputError
from srm_desktop.formats.iac.model import printable

#: A large real template (the 56 KB WordPress one) has about 9,000 nodes.
MAX_EXPANDED_NODES: Final[int] = 2_000_000

#: Short-form tag -> long-form key. ``!Ref`` and ``!Condition`` have no ``Fn::`` prefix.
_FUNCTIONS: Final[tuple[str, ...]] = (
    "And",
    "Base64",
    "Cidr",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "Equals",
    "FindInMap",
    "ForEach",
    "GetAZs",
    "GetAtt",
    "If",
    "ImportValue",
    "Join",
    "Length",
    "Not",
    "Or",
    "RefAll",
    "Select",
    "Split",
    "Sub",
    "ToJsonString",
    "Transform",
    "ValueOf",
    "ValueOfAll",
)


class CfnLoader(yaml.SafeLoader):
    """SafeLoader plus CloudFormation's tags; duplicate keys are refused, not silently merged."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice",
                    key_node.start_mark,
                )
            if isinstance(key, str | int | float | bool):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _value(loader: CfnLoader, node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    raise yaml.constructor.ConstructorError(None, None, "unexpected node", node.start_mark)


def _ref(loader: CfnLoader, node: Node) -> dict[str, Any]:
    return {"Ref": _value(loader, node)}


def _condition(loader: CfnLoader, node: Node) -> dict[str, Any]:
    return {"Condition": _value(loader, node)}


def _get_att(loader: CfnLoader, node: Node) -> dict[str, Any]:
    """``!GetAtt Res.Attr`` is a string; the long form is always ``[Res, Attr]``."""
    value = _value(loader, node)
    if isinstance(value, str):
        resource, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    return {"Fn::GetAtt": value}


def _function(name: str) -> Any:
    def construct(loader: CfnLoader, node: Node) -> dict[str, Any]:
        return {f"Fn::{name}": _value(loader, node)}

    return construct


#: What ``int()`` converts by default (``sys.get_int_max_str_digits``); a template needs none.
MAX_INT_DIGITS: Final[int] = 4300


def _int(loader: CfnLoader, node: Node) -> Any:
    """YAML's int, refusing one too long for ``int()`` at its line (not with Python's hint)."""
    if not isinstance(node, ScalarNode):
        raise yaml.constructor.ConstructorError(None, None, "not a number", node.start_mark)
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a number of {digits:,} digits; at most {MAX_INT_DIGITS:,} are read",
            node.start_mark,
        )
    return loader.construct_yaml_int(node)


def _timestamp(loader: CfnLoader, node: Node) -> Any:
    """YAML's timestamp; an impossible date (2024-02-30) is refused at its line."""
    if not isinstance(node, ScalarNode):
        raise yaml.constructor.ConstructorError(None, None, "not a date", node.start_mark)
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"not a date: {exc}", node.start_mark
        ) from None


CfnLoader.add_constructor("tag:yaml.org,2002:int", _int)
CfnLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
CfnLoader.add_constructor("!Ref", _ref)
CfnLoader.add_constructor("!Condition", _condition)
CfnLoader.add_constructor("!GetAtt", _get_att)
for _name in _FUNCTIONS:
    if _name != "GetAtt":
        CfnLoader.add_constructor(f"!{_name}", _function(_name))


def _expanded_size(root: Node, source: str) -> int:
    """Nodes the document would have with every alias copied out; refuses cycles.

    Iterative (a deeply nested document must not overflow the stack) and memoised per node
    object, which is what makes an alias cheap to count a second time.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_EXPANDED_NODES:
                raise InputError(
                    source,
                    f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                    "(a 'billion laughs' document?); refused",
                    f"line {node.start_mark.line + 1}",
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise InputError(
                source, "an alias refers to itself; refused", f"line {node.start_mark.line + 1}"
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def load_yaml(text: str, source: str) -> Any:
    """Parse one YAML document with the CloudFormation tags; every failure is an InputError."""
    try:
        loader = CfnLoader(text)  # reads the first characters already: may raise ReaderError
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, source) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(source, "file is empty")
        _expanded_size(node, source)
        return loader.construct_document(node)
    except yaml.composer.ComposerError as exc:
        if exc.context == "expected a single document in the stream":
            mark = exc.problem_mark
            where = f"line {mark.line + 1}" if mark else None
            raise InputError(
                source, "several YAML documents: not a CloudFormation template", where
            ) from None
        raise _yaml_error(exc, source) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, source) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, source) from None
    except yaml.YAMLError as exc:
        raise InputError(source, f"not valid YAML: {printable(str(exc))}") from None
    except (ValueError, OverflowError) as exc:  # a constructor PyYAML does not guard
        raise InputError(source, f"not valid YAML: {printable(str(exc))}") from None
    except RecursionError:
        raise InputError(source, "nested too deeply to be a template") from None
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.MarkedYAMLError, source: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
    problem = exc.problem or exc.context or "not valid YAML"
    return InputError(source, f"not valid YAML: {printable(problem, limit=200)}", where)


def _reader_error(exc: yaml.reader.ReaderError, text: str, source: str) -> InputError:
    """A character YAML does not allow (a control character, a lone surrogate): one line."""
    line = text.count("\n", 0, exc.position) + 1
    what = exc.character if isinstance(exc.character, int) else 0
    return InputError(
        source, f"not valid YAML: the character U+{what:04X} is not allowed", f"line {line}"
    )
