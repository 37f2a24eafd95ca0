"""OpenAPI post-processing: the error answers every endpoint can give, written into the schema."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,  # a validation error names its fields
}
ERRORS = {
    "400": "请求有误（字段或参数无效）",
    "401": "未登录",
    "403": "无权限",
    "404": "不存在或不可见",
    "429": "请求过于频繁",
}


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular POSTPROCESSING_HOOKS entry: add 400/401/403/404/429 where not declared."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {"description": description, "content": {"application/json": {"schema": ERROR}}},
                )
    return result
