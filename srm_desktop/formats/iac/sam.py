"""What the SAM transform adds to a template before CloudFormation sees it.

An architect reading a SAM template sees one ``AWS::Serverless::Function``; the deployed stack
also has the function's IAM role (unless ``Role`` is given), an API Gateway REST API for ``Api``
events without a ``RestApiId`` (``ServerlessRestApi``), an EventBridge rule per schedule... Those
are real resources with real responsibilities, so the inventory lists them, marked as generated.
Logical ids follow the transform's own naming (``<Function>Role``, ``ServerlessRestApi``).
``Globals`` are merged under each resource's own properties, as the transform does, so a
``PackageType: Image`` set globally still makes every function an image function.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from srm_desktop.formats.iac.model import Resource

SAM_TRANSFORM: Final[str] = "AWS::Serverless-2016-10-31"

#: Globals section -> the resource type it applies to.
_GLOBALS: Final[dict[str, str]] = {
    "Function": "AWS::Serverless::Function",
    "Api": "AWS::Serverless::Api",
    "HttpApi": "AWS::Serverless::HttpApi",
    "SimpleTable": "AWS::Serverless::SimpleTable",
    "StateMachine": "AWS::Serverless::StateMachine",
    "LayerVersion": "AWS::Serverless::LayerVersion",
}

#: Event source type -> (generated resource type, logical id suffix or fixed id).
_EVENTS: Final[dict[str, tuple[str, str]]] = {
    "Schedule": ("AWS::Events::Rule", ""),
    "ScheduleV2": ("AWS::Scheduler::Schedule", ""),
    "CloudWatchEvent": ("AWS::Events::Rule", ""),
    "EventBridgeRule": ("AWS::Events::Rule", ""),
    "SQS": ("AWS::Lambda::EventSourceMapping", ""),
    "Kinesis": ("AWS::Lambda::EventSourceMapping", ""),
    "DynamoDB": ("AWS::Lambda::EventSourceMapping", ""),
    "MSK": ("AWS::Lambda::EventSourceMapping", ""),
    "MQ": ("AWS::Lambda::EventSourceMapping", ""),
    "SNS": ("AWS::SNS::Subscription", ""),
    "CloudWatchLogs": ("AWS::Logs::SubscriptionFilter", ""),
    "Api": ("AWS::ApiGateway::RestApi", "ServerlessRestApi"),
    "HttpApi": ("AWS::ApiGatewayV2::Api", "ServerlessHttpApi"),
}
#: Events whose API is only generated when the event names no existing API.
_API_ID: Final[dict[str, str]] = {"Api": "RestApiId", "HttpApi": "ApiId"}


def apply_globals(rtype: str, props: Mapping[str, Any], globals_: Mapping[str, Any]) -> Any:
    """The resource's properties over its Globals section (one level deep, like SAM)."""
    for section, target in _GLOBALS.items():
        base = globals_.get(section)
        if target == rtype and isinstance(base, Mapping):
            return {**base, **props}
    return props


def implicit_resources(resource: Resource, taken: frozenset[str] | set[str]) -> Iterator[Resource]:
    """The resources SAM generates for ``resource`` that the template does not list."""
    origin = resource.address
    props = resource.properties
    if resource.type in ("AWS::Serverless::Function", "AWS::Serverless::StateMachine") and (
        "Role" not in props
    ):
        yield Resource(f"{origin}Role", "AWS::IAM::Role", {}, frozenset({origin}), origin)
    events = props.get("Events") if resource.type == "AWS::Serverless::Function" else None
    if not isinstance(events, Mapping):
        return
    for name, event in events.items():
        if not isinstance(event, Mapping) or not isinstance(event.get("Type"), str):
            continue
        etype = event["Type"]
        generated = _EVENTS.get(etype)
        if generated is None:
            continue
        rtype, fixed_id = generated
        details = event.get("Properties")
        details = details if isinstance(details, Mapping) else {}
        if etype in _API_ID and _API_ID[etype] in details:
            continue  # the event names an API of the template (or an imported one)
        address = fixed_id or f"{origin}{name}"
        if fixed_id and fixed_id in taken:
            continue  # one implicit API per template, however many functions use it
        yield Resource(address, rtype, {}, frozenset({origin}), origin)
        if fixed_id:
            taken = set(taken) | {fixed_id}
