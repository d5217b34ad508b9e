"""Contains all the data models used in inputs/outputs.

Each model's module is imported when the model is first used, so importing one model
does not import them all.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .acquisition_create_request import AcquisitionCreateRequest
    from .acquisition_grid_count_response import AcquisitionGridCountResponse
    from .acquisition_response import AcquisitionResponse
    from .acquisition_status import AcquisitionStatus
    from .acquisition_update_request import AcquisitionUpdateRequest
    from .agent_instruction_acknowledgement import AgentInstructionAcknowledgement
    from .agent_instruction_acknowledgement_response import AgentInstructionAcknowledgementResponse
    from .agent_instruction_acknowledgement_status import AgentInstructionAcknowledgementStatus
    from .agent_log_batch_request import AgentLogBatchRequest
    from .agent_log_batch_response import AgentLogBatchResponse
    from .agent_log_entry import AgentLogEntry
    from .atlas_create_request import AtlasCreateRequest
    from .atlas_response import AtlasResponse
    from .atlas_tile_create_request import AtlasTileCreateRequest
    from .atlas_tile_grid_square_position_response import AtlasTileGridSquarePositionResponse
    from .atlas_tile_response import AtlasTileResponse
    from .atlas_tile_update_request import AtlasTileUpdateRequest
    from .atlas_update_request import AtlasUpdateRequest
    from .ctf_estimation_completed_request import CtfEstimationCompletedRequest
    from .ctf_estimation_registered_request import CtfEstimationRegisteredRequest
    from .current_quality_prediction_response import CurrentQualityPredictionResponse
    from .debug_instruction_request import DebugInstructionRequest
    from .debug_session_request import DebugSessionRequest
    from .foil_hole import FoilHole
    from .foil_hole_create_request import FoilHoleCreateRequest
    from .foil_hole_quality_prediction_series import FoilHoleQualityPredictionSeries
    from .foil_hole_response import FoilHoleResponse
    from .foil_hole_status import FoilHoleStatus
    from .foil_hole_update_request import FoilHoleUpdateRequest
    from .frontend_event import FrontendEvent
    from .grid_create_request import GridCreateRequest
    from .grid_model_weights import GridModelWeights
    from .grid_response import GridResponse
    from .grid_square import GridSquare
    from .grid_square_batch_create_request import GridSquareBatchCreateRequest
    from .grid_square_batch_create_response import GridSquareBatchCreateResponse
    from .grid_square_create_request import GridSquareCreateRequest
    from .grid_square_position_request import GridSquarePositionRequest
    from .grid_square_response import GridSquareResponse
    from .grid_square_status import GridSquareStatus
    from .grid_square_update_request import GridSquareUpdateRequest
    from .grid_status import GridStatus
    from .grid_update_request import GridUpdateRequest
    from .http_validation_error import HTTPValidationError
    from .instruction_stream_connection_event import InstructionStreamConnectionEvent
    from .instruction_stream_connection_event_type import InstructionStreamConnectionEventType
    from .instruction_stream_error_event import InstructionStreamErrorEvent
    from .instruction_stream_error_event_type import InstructionStreamErrorEventType
    from .instruction_stream_heartbeat_event import InstructionStreamHeartbeatEvent
    from .instruction_stream_heartbeat_event_type import InstructionStreamHeartbeatEventType
    from .instruction_stream_instruction_event import InstructionStreamInstructionEvent
    from .instruction_stream_instruction_event_metadata_type_0 import (
        InstructionStreamInstructionEventMetadataType0,
    )
    from .instruction_stream_instruction_event_payload import (
        InstructionStreamInstructionEventPayload,
    )
    from .instruction_stream_instruction_event_type import InstructionStreamInstructionEventType
    from .latent_representation_response import LatentRepresentationResponse
    from .micrograph_create_request import MicrographCreateRequest
    from .micrograph_response import MicrographResponse
    from .micrograph_status import MicrographStatus
    from .micrograph_update_request import MicrographUpdateRequest
    from .model_level import ModelLevel
    from .motion_correction_completed_request import MotionCorrectionCompletedRequest
    from .motion_correction_registered_request import MotionCorrectionRegisteredRequest
    from .overall_quality_prediction import OverallQualityPrediction
    from .processing_feedback_publish_response import ProcessingFeedbackPublishResponse
    from .quality_metrics_response import QualityMetricsResponse
    from .quality_prediction import QualityPrediction
    from .quality_prediction_create_request import QualityPredictionCreateRequest
    from .quality_prediction_model_create_request import QualityPredictionModelCreateRequest
    from .quality_prediction_model_response import QualityPredictionModelResponse
    from .quality_prediction_model_update_request import QualityPredictionModelUpdateRequest
    from .quality_prediction_model_weight import QualityPredictionModelWeight
    from .quality_prediction_response import QualityPredictionResponse
    from .quality_prediction_series import QualityPredictionSeries
    from .validation_error import ValidationError
    from .validation_error_ctx import ValidationErrorCtx

_MODULE_OF = {
    "AcquisitionCreateRequest": ".acquisition_create_request",
    "AcquisitionGridCountResponse": ".acquisition_grid_count_response",
    "AcquisitionResponse": ".acquisition_response",
    "AcquisitionStatus": ".acquisition_status",
    "AcquisitionUpdateRequest": ".acquisition_update_request",
    "AgentInstructionAcknowledgement": ".agent_instruction_acknowledgement",
    "AgentInstructionAcknowledgementResponse": ".agent_instruction_acknowledgement_response",
    "AgentInstructionAcknowledgementStatus": ".agent_instruction_acknowledgement_status",
    "AgentLogBatchRequest": ".agent_log_batch_request",
    "AgentLogBatchResponse": ".agent_log_batch_response",
    "AgentLogEntry": ".agent_log_entry",
    "AtlasCreateRequest": ".atlas_create_request",
    "AtlasResponse": ".atlas_response",
    "AtlasTileCreateRequest": ".atlas_tile_create_request",
    "AtlasTileGridSquarePositionResponse": ".atlas_tile_grid_square_position_response",
    "AtlasTileResponse": ".atlas_tile_response",
    "AtlasTileUpdateRequest": ".atlas_tile_update_request",
    "AtlasUpdateRequest": ".atlas_update_request",
    "CtfEstimationCompletedRequest": ".ctf_estimation_completed_request",
    "CtfEstimationRegisteredRequest": ".ctf_estimation_registered_request",
    "CurrentQualityPredictionResponse": ".current_quality_prediction_response",
    "DebugInstructionRequest": ".debug_instruction_request",
    "DebugSessionRequest": ".debug_session_request",
    "FoilHole": ".foil_hole",
    "FoilHoleCreateRequest": ".foil_hole_create_request",
    "FoilHoleQualityPredictionSeries": ".foil_hole_quality_prediction_series",
    "FoilHoleResponse": ".foil_hole_response",
    "FoilHoleStatus": ".foil_hole_status",
    "FoilHoleUpdateRequest": ".foil_hole_update_request",
    "FrontendEvent": ".frontend_event",
    "GridCreateRequest": ".grid_create_request",
    "GridModelWeights": ".grid_model_weights",
    "GridResponse": ".grid_response",
    "GridSquare": ".grid_square",
    "GridSquareBatchCreateRequest": ".grid_square_batch_create_request",
    "GridSquareBatchCreateResponse": ".grid_square_batch_create_response",
    "GridSquareCreateRequest": ".grid_square_create_request",
    "GridSquarePositionRequest": ".grid_square_position_request",
    "GridSquareResponse": ".grid_square_response",
    "GridSquareStatus": ".grid_square_status",
    "GridSquareUpdateRequest": ".grid_square_update_request",
    "GridStatus": ".grid_status",
    "GridUpdateRequest": ".grid_update_request",
    "HTTPValidationError": ".http_validation_error",
    "InstructionStreamConnectionEvent": ".instruction_stream_connection_event",
    "InstructionStreamConnectionEventType": ".instruction_stream_connection_event_type",
    "InstructionStreamErrorEvent": ".instruction_stream_error_event",
    "InstructionStreamErrorEventType": ".instruction_stream_error_event_type",
    "InstructionStreamHeartbeatEvent": ".instruction_stream_heartbeat_event",
    "InstructionStreamHeartbeatEventType": ".instruction_stream_heartbeat_event_type",
    "InstructionStreamInstructionEvent": ".instruction_stream_instruction_event",
    "InstructionStreamInstructionEventMetadataType0": ".instruction_stream_instruction_event_metadata_type_0",
    "InstructionStreamInstructionEventPayload": ".instruction_stream_instruction_event_payload",
    "InstructionStreamInstructionEventType": ".instruction_stream_instruction_event_type",
    "LatentRepresentationResponse": ".latent_representation_response",
    "MicrographCreateRequest": ".micrograph_create_request",
    "MicrographResponse": ".micrograph_response",
    "MicrographStatus": ".micrograph_status",
    "MicrographUpdateRequest": ".micrograph_update_request",
    "ModelLevel": ".model_level",
    "MotionCorrectionCompletedRequest": ".motion_correction_completed_request",
    "MotionCorrectionRegisteredRequest": ".motion_correction_registered_request",
    "OverallQualityPrediction": ".overall_quality_prediction",
    "ProcessingFeedbackPublishResponse": ".processing_feedback_publish_response",
    "QualityMetricsResponse": ".quality_metrics_response",
    "QualityPrediction": ".quality_prediction",
    "QualityPredictionCreateRequest": ".quality_prediction_create_request",
    "QualityPredictionModelCreateRequest": ".quality_prediction_model_create_request",
    "QualityPredictionModelResponse": ".quality_prediction_model_response",
    "QualityPredictionModelUpdateRequest": ".quality_prediction_model_update_request",
    "QualityPredictionModelWeight": ".quality_prediction_model_weight",
    "QualityPredictionResponse": ".quality_prediction_response",
    "QualityPredictionSeries": ".quality_prediction_series",
    "ValidationError": ".validation_error",
    "ValidationErrorCtx": ".validation_error_ctx",
}

__all__ = (
    "AcquisitionCreateRequest",
    "AcquisitionGridCountResponse",
    "AcquisitionResponse",
    "AcquisitionStatus",
    "AcquisitionUpdateRequest",
    "AgentInstructionAcknowledgement",
    "AgentInstructionAcknowledgementResponse",
    "AgentInstructionAcknowledgementStatus",
    "AgentLogBatchRequest",
    "AgentLogBatchResponse",
    "AgentLogEntry",
    "AtlasCreateRequest",
    "AtlasResponse",
    "AtlasTileCreateRequest",
    "AtlasTileGridSquarePositionResponse",
    "AtlasTileResponse",
    "AtlasTileUpdateRequest",
    "AtlasUpdateRequest",
    "CtfEstimationCompletedRequest",
    "CtfEstimationRegisteredRequest",
    "CurrentQualityPredictionResponse",
    "DebugInstructionRequest",
    "DebugSessionRequest",
    "FoilHole",
    "FoilHoleCreateRequest",
    "FoilHoleQualityPredictionSeries",
    "FoilHoleResponse",
    "FoilHoleStatus",
    "FoilHoleUpdateRequest",
    "FrontendEvent",
    "GridCreateRequest",
    "GridModelWeights",
    "GridResponse",
    "GridSquare",
    "GridSquareBatchCreateRequest",
    "GridSquareBatchCreateResponse",
    "GridSquareCreateRequest",
    "GridSquarePositionRequest",
    "GridSquareResponse",
    "GridSquareStatus",
    "GridSquareUpdateRequest",
    "GridStatus",
    "GridUpdateRequest",
    "HTTPValidationError",
    "InstructionStreamConnectionEvent",
    "InstructionStreamConnectionEventType",
    "InstructionStreamErrorEvent",
    "InstructionStreamErrorEventType",
    "InstructionStreamHeartbeatEvent",
    "InstructionStreamHeartbeatEventType",
    "InstructionStreamInstructionEvent",
    "InstructionStreamInstructionEventMetadataType0",
    "InstructionStreamInstructionEventPayload",
    "InstructionStreamInstructionEventType",
    "LatentRepresentationResponse",
    "MicrographCreateRequest",
    "MicrographResponse",
    "MicrographStatus",
    "MicrographUpdateRequest",
    "ModelLevel",
    "MotionCorrectionCompletedRequest",
    "MotionCorrectionRegisteredRequest",
    "OverallQualityPrediction",
    "ProcessingFeedbackPublishResponse",
    "QualityMetricsResponse",
    "QualityPrediction",
    "QualityPredictionCreateRequest",
    "QualityPredictionModelCreateRequest",
    "QualityPredictionModelResponse",
    "QualityPredictionModelUpdateRequest",
    "QualityPredictionModelWeight",
    "QualityPredictionResponse",
    "QualityPredictionSeries",
    "ValidationError",
    "ValidationErrorCtx",
)


def __getattr__(name: str) -> Any:
    try:
        module = _MODULE_OF[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})
