"""The EPCIS 2.0 XML binding: an XML EPCISDocument read into its JSON-LD twin (so it is
validated, stored and queried like one), and query answers written as XML.

XML is parsed with lxml with entities unresolved, no DTD loaded and no network, and a document
that declares entities is refused (the defusedxml protections); it is then validated against
GS1's EPCIS 2.0 XSD (bundled in xsd/). The 1.x-style vocabulary URNs XML carries
(`urn:epcglobal:cbv:bizstep:shipping`) become the bare CBV words JSON-LD uses.
"""

from functools import cache
from importlib import resources
from typing import Any

from lxml import etree

EPCIS_NS = "urn:epcglobal:epcis:xsd:2"
QUERY_NS = "urn:epcglobal:epcis-query:xsd:2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
STANDARD_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
EVENT_TYPES = ("ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
               "AssociationEvent")  # fmt: skip
_EPC_LISTS = {"epcList", "childEPCs", "inputEPCList", "outputEPCList"}
_QUANTITY_LISTS = {"quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"}
_VOCAB_URNS = ("urn:epcglobal:cbv:bizstep:", "urn:epcglobal:cbv:disp:", "urn:epcglobal:cbv:btt:",
               "urn:epcglobal:cbv:sdt:", "urn:epcglobal:cbv:er:")  # fmt: skip
_NUMBERS = {"value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"}


class XmlInvalid(ValueError):
    """Not a well-formed, safe, XSD-valid EPCIS 2.0 XML document; `line` where it fails."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)  # fmt: skip


@cache
def _schema() -> etree.XMLSchema:
    path = resources.files("service.epcis").joinpath("xsd/EPCglobal-epcis-2_0.xsd")
    with resources.as_file(path) as file:
        return etree.XMLSchema(etree.parse(str(file), _parser()))


def _vocabulary(value: str) -> str:
    for prefix in _VOCAB_URNS:
        if value.startswith(prefix):
            return value.removeprefix(prefix)
    return value


def _number(text: str) -> int | float | str:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text and "e" not in text else number


def _name(element: etree._Element, prefixes: dict[str, str]) -> str:
    qname = etree.QName(element)
    if qname.namespace is None:
        return str(qname.localname)
    return f"{prefixes.get(qname.namespace, qname.namespace)}:{qname.localname}"


def _attributes(element: etree._Element, prefixes: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in element.attrib.items():
        qname = etree.QName(key)
        if qname.namespace == XSI_NS:
            continue
        name = qname.localname if qname.namespace is None else (
            f"{prefixes.get(qname.namespace, qname.namespace)}:{qname.localname}")  # fmt: skip
        if name in _NUMBERS:
            found[name] = _number(value)
        elif name == "booleanValue":
            found[name] = value.strip() in {"true", "1"}
        else:
            found[name] = value
    return found


def _generic(element: etree._Element, prefixes: dict[str, str]) -> Any:
    """An extension element: its text, or an object of its children (repeated ones a list)."""
    children = list(element)
    if not children:
        return (element.text or "").strip()
    found: dict[str, Any] = {}
    for child in children:
        name, value = _name(child, prefixes), _generic(child, prefixes)
        if name in found:
            found[name] = [*found[name], value] if isinstance(found[name], list) else [
                found[name], value]  # fmt: skip
        else:
            found[name] = value
    return found


def _sensor(element: etree._Element, prefixes: dict[str, str]) -> dict[str, Any]:
    sensor: dict[str, Any] = {}
    for child in element:
        name = _name(child, prefixes)
        if name == "sensorMetadata":
            sensor[name] = _attributes(child, prefixes)
        elif name == "sensorReport":
            sensor.setdefault(name, []).append(_attributes(child, prefixes))
        else:
            sensor[name] = _generic(child, prefixes)
    return sensor


def _quantity(element: etree._Element, prefixes: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field in element:
        name, text = _name(field, prefixes), (field.text or "").strip()
        if field.get(f"{{{XSI_NS}}}nil") == "true" or not text:
            continue
        found[name] = _number(text) if name == "quantity" else text
    return found


def _field(name: str, element: etree._Element, prefixes: dict[str, str]) -> Any:
    text = (element.text or "").strip()
    if name in _EPC_LISTS:
        return [(c.text or "").strip() for c in element]
    if name in _QUANTITY_LISTS:
        return [_quantity(q, prefixes) for q in element]
    if name in {"bizStep", "disposition"}:
        return _vocabulary(text)
    if name in {"readPoint", "bizLocation"}:
        return {_name(c, prefixes): _generic(c, prefixes) for c in element}
    if name in {"bizTransactionList", "sourceList", "destinationList"}:
        key = {"bizTransactionList": "bizTransaction", "sourceList": "source",
               "destinationList": "destination"}[name]  # fmt: skip
        items = []
        for child in element:
            item = {key: (child.text or "").strip()}
            if child.get("type"):
                item = {"type": _vocabulary(str(child.get("type"))), **item}
            items.append(item)
        return items
    if name == "persistentDisposition":
        found: dict[str, list[str]] = {}
        for child in element:
            found.setdefault(_name(child, prefixes), []).append(_vocabulary((child.text or "")
                                                                            .strip()))  # fmt: skip
        return found
    if name == "errorDeclaration":
        declaration: dict[str, Any] = {}
        for child in element:
            child_name = _name(child, prefixes)
            if child_name == "correctiveEventIDs":
                declaration[child_name] = [(c.text or "").strip() for c in child]
            elif child_name == "reason":
                declaration[child_name] = _vocabulary((child.text or "").strip())
            else:
                declaration[child_name] = _generic(child, prefixes)
        return declaration
    if name == "sensorElementList":
        return [_sensor(child, prefixes) for child in element]
    if name == "ilmd":
        ilmd = _generic(element, prefixes)
        return ilmd if isinstance(ilmd, dict) else {}
    return _generic(element, prefixes)


def _event(element: etree._Element, prefixes: dict[str, str]) -> dict[str, Any]:
    event: dict[str, Any] = {"type": etree.QName(element).localname}
    children = list(element)
    while children:
        child = children.pop(0)
        name = _name(child, prefixes)
        if name == "extension":  # EPCIS 1.x wrapper: its fields belong to the event
            children = list(child) + children
            continue
        if name == "baseExtension":
            continue
        value = _field(name, child, prefixes)
        if name in event and ":" in name:  # a repeated extension element: a list of them
            earlier = event[name]
            event[name] = [*earlier, value] if isinstance(earlier, list) else [earlier, value]
        else:
            event[name] = value
    return event


def _events(root: etree._Element, prefixes: dict[str, str]) -> list[dict[str, Any]]:
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace is None and qname.localname in EVENT_TYPES:
            found.append(_event(element, prefixes))
    return found


def parse_xml(body: bytes) -> etree._Element:
    """The document's root, safely parsed and validated against GS1's XSD."""
    try:
        tree = etree.fromstring(body, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise XmlInvalid(f"not well-formed XML: {exc.msg}", exc.lineno) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise XmlInvalid("the document declares XML entities, which capture does not accept")
    root = tree.getroot()
    if root.tag == f"{{{QUERY_NS}}}EPCISQueryDocument":
        return root
    schema = _schema()
    if not schema.validate(tree):
        error = schema.error_log.last_error
        raise XmlInvalid(f"not valid against GS1's EPCIS 2.0 XSD: {error.message}", error.line)
    return root


def document_from_xml(body: bytes) -> dict[str, Any]:
    """The JSON-LD twin of an XML EPCISDocument (or of an EPCISQueryDocument, so that capture can
    say what it is)."""
    root = parse_xml(body)
    prefixes = {uri: prefix for prefix, uri in root.nsmap.items()
                if prefix and uri not in {EPCIS_NS, QUERY_NS, XSI_NS,
                                          "http://www.w3.org/2001/XMLSchema"}}  # fmt: skip
    context: list[Any] = [STANDARD_CONTEXT]
    if prefixes:
        context.append({prefix: uri for uri, prefix in prefixes.items()})
    kind = etree.QName(root).localname
    document: dict[str, Any] = {"@context": context, "type": kind, **_attributes(root, {})}
    document["epcisBody"] = {"eventList": _events(root, prefixes)}
    return document


# Query answers as XML


def _text(parent: etree._Element, name: str, value: Any) -> etree._Element:
    child = etree.SubElement(parent, name)
    child.text = str(value).lower() if isinstance(value, bool) else str(value)
    return child


def _extension(parent: etree._Element, key: str, value: Any, namespaces: dict[str, str]) -> None:
    prefix, _, local = key.partition(":")
    if prefix not in namespaces:
        return  # JSON-LD keywords (@context) and fields of no namespace have no XML form
    tag = f"{{{namespaces[prefix]}}}{local}"
    for item in value if isinstance(value, list) else [value]:
        child = etree.SubElement(parent, tag)
        if isinstance(item, dict):
            for k, v in item.items():
                _extension(child, k, v, namespaces)
        else:
            child.text = str(item)


_CBV_URN = {"bizStep": "urn:epcglobal:cbv:bizstep:", "disposition": "urn:epcglobal:cbv:disp:"}
_ORDER = ("eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "errorDeclaration",
          "certificationInfo", "parentID", "epcList", "childEPCs", "inputEPCList",
          "inputQuantityList", "outputEPCList", "outputQuantityList", "action",
          "transformationID", "bizStep", "disposition", "persistentDisposition", "readPoint",
          "bizLocation", "bizTransactionList", "quantityList", "childQuantityList", "sourceList",
          "destinationList", "sensorElementList", "ilmd")  # fmt: skip


def _event_xml(parent: etree._Element, event: dict[str, Any], namespaces: dict[str, str]) -> None:
    element = etree.SubElement(parent, str(event.get("type", "ObjectEvent")))
    for name in _ORDER:
        if name not in event:
            continue
        value = event[name]
        if name in _EPC_LISTS:
            holder = etree.SubElement(element, name)
            for epc in value:
                _text(holder, "epc", epc)
        elif name in _QUANTITY_LISTS:
            holder = etree.SubElement(element, name)
            for q in value:
                item = etree.SubElement(holder, "quantityElement")
                for k in ("epcClass", "quantity", "uom"):
                    if k in q:
                        _text(item, k, q[k])
        elif name in _CBV_URN:
            word = str(value)
            _text(element, name, _CBV_URN[name] + word if ":" not in word else word)
        elif name in {"readPoint", "bizLocation"}:
            _text(etree.SubElement(element, name), "id", value.get("id", ""))
        elif name in {"bizTransactionList", "sourceList", "destinationList"}:
            key = name.removesuffix("List")
            holder = etree.SubElement(element, name)
            urn = "urn:epcglobal:cbv:btt:" if key == "bizTransaction" else "urn:epcglobal:cbv:sdt:"
            for item in value:
                child = _text(holder, key, item.get(key, ""))
                if item.get("type"):
                    kind = str(item["type"])
                    child.set("type", kind if ":" in kind else urn + kind)
        elif name == "persistentDisposition":
            holder = etree.SubElement(element, name)
            for key in ("set", "unset"):
                for word in value.get(key, []):
                    _text(holder, key, word if ":" in word else _CBV_URN["disposition"] + word)
        elif name == "ilmd":
            holder = etree.SubElement(element, name)
            for k, v in value.items():
                _extension(holder, k, v, namespaces)
        elif name in {"errorDeclaration", "sensorElementList"}:
            continue  # kept in the JSON-LD answer; not rendered in XML by this service
        else:
            _text(element, name, value)
    for key, value in event.items():
        if key not in _ORDER and ":" in key:
            _extension(element, key, value, namespaces)


def query_document_xml(answer: dict[str, Any]) -> bytes:
    """An EPCISQueryDocument (as `export.query_document` writes it) in the XML binding."""
    namespaces = {"epcisq": QUERY_NS}
    for entry in answer.get("@context") or []:
        if isinstance(entry, dict):
            namespaces.update({k: v for k, v in entry.items() if isinstance(v, str)})
    events = answer["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
    for event in events:
        for entry in event.get("@context") or []:
            if isinstance(entry, dict):
                namespaces.update({k: v for k, v in entry.items() if isinstance(v, str)})
    nsmap = {k: v for k, v in namespaces.items() if k.isidentifier()}
    root = etree.Element(f"{{{QUERY_NS}}}EPCISQueryDocument", nsmap=nsmap)
    root.set("schemaVersion", "2.0")
    root.set("creationDate", str(answer.get("creationDate", "")))
    body = etree.SubElement(root, "EPCISBody")
    results = etree.SubElement(body, f"{{{QUERY_NS}}}QueryResults")
    _text(results, "queryName", answer["epcisBody"]["queryResults"].get("queryName", ""))
    holder = etree.SubElement(etree.SubElement(results, "resultsBody"), "EventList")
    for event in events:
        _event_xml(holder, event, nsmap)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return xml
