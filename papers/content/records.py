"""The base of every record: unknown fields are errors, records are frozen; shared field shapes."""

from __future__ import annotations

from typing import Annotated, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

from papers.content.fieldtypes import as_list


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Item = TypeVar("Item")
# A list in which a single value stands for a one-item list: `Listed[Text]`.
Listed = Annotated[list[Item], BeforeValidator(as_list)]


def entry(key: str) -> BeforeValidator:
    """Let a bare value stand for `{key: value}` in a list of mappings."""

    def normalise(value: object) -> object:
        return {key: value} if isinstance(value, str) else value

    return BeforeValidator(normalise)
