"""Contains all the data models used in inputs/outputs"""

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
from .instruction_stream_instruction_event_payload import InstructionStreamInstructionEventPayload
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
