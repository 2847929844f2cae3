"""The weighted indicator scorecard (issue 18): definitions in `forms/indicators.yaml`,
questions tagged `indicator:` in the forms, values per person or unit and period.

Public surface: `load_definitions`, `validate_definitions`, `check_tags`, `Definitions`,
`Indicator`, `points`, `Tally`, `indicator_value`, `scorecard`, `periods`.
"""

from server.services.scorecard import periods
from server.services.scorecard.compute import (
    IndicatorValue,
    Scorecard,
    Tally,
    indicator_value,
    points,
    scorecard,
    weighted,
)
from server.services.scorecard.definitions import (
    Definitions,
    Indicator,
    check_tags,
    load_definitions,
    validate_definitions,
)

__all__ = [
    "Definitions",
    "Indicator",
    "IndicatorValue",
    "Scorecard",
    "Tally",
    "check_tags",
    "indicator_value",
    "load_definitions",
    "periods",
    "points",
    "scorecard",
    "validate_definitions",
    "weighted",
]
