package io.polyphon.worker.engine;

import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.vocab.IdLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLoadingTest {

    private static Map<String, String> metadata() {
        Map<String, String> m = new HashMap<>();
        m.put("polyphon.encoder", ModelMetadata.ENCODER);
        m.put("polyphon.id_layout", "2026");
        m.put("polyphon.n_layer", "4");
        m.put("polyphon.n_head", "2");
        m.put("polyphon.n_embd", "128");
        m.put("polyphon.n_positions", "1024");
        m.put("polyphon.vocab_size", "647");
        m.put("polyphon.model_dim", "4");
        m.put("polyphon.density_table", DensityTable.yellow().toJson());
        return m;
    }

    @Test
    void theBundledModelDeclaresItsLayoutSizesAndDensityTable() {
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU)) {
            ModelMetadata m = model.metadata();
            assertThat(m.idLayout()).isEqualTo(IdLayout.MIDIGPT_2026);
            assertThat(m.modelDim()).isIn(4, 8);
            assertThat(m.context()).isPositive();
            assertThat(model.device()).isEqualTo("cpu");
            assertThat(model.buffers(1, 1).bytesPerPosition()).as("keys and values of one position, all layers")
                    .isEqualTo(2L * m.layers() * m.embedding() * Float.BYTES);
        }
    }

    @Test
    void theBundledModelReadsMidiOnTheRoundGridItWasTrainedOn() {
        assertThat(ModelMetadata.read(TestModels.bundled()).grid()).isEqualTo(ReadingGrid.ROUND);
    }

    @Test
    void aModelDeclaresTheGridItsTrainingDataWasReadOn() {
        Map<String, String> m = metadata();
        m.put("polyphon.grid", "truncate");
        assertThat(ModelMetadata.from(m).grid()).isEqualTo(ReadingGrid.TRUNCATE);
        m.put("polyphon.grid", "nearest");
        assertThatThrownBy(() -> ModelMetadata.from(m)).isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("nearest");
    }

    @Test
    void refusesAModelThatDeclaresNoIdLayout() {
        Map<String, String> m = metadata();
        m.remove("polyphon.id_layout");
        assertThatThrownBy(() -> ModelMetadata.from(m)).isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("polyphon.id_layout");
    }

    @Test
    void refusesAModelOfAnotherEncoder() {
        Map<String, String> m = metadata();
        m.put("polyphon.encoder", "TRACK_ENCODER");
        assertThatThrownBy(() -> ModelMetadata.from(m)).hasMessageContaining("TRACK_ENCODER");
    }

    @Test
    void refusesAVocabularyOtherThanYellows() {
        Map<String, String> m = metadata();
        m.put("polyphon.vocab_size", "666");
        assertThatThrownBy(() -> ModelMetadata.from(m)).hasMessageContaining("666 tokens");
    }

    @Test
    void refusesAWindowOtherThanFourOrEightBars() {
        Map<String, String> m = metadata();
        m.put("polyphon.model_dim", "6");
        assertThatThrownBy(() -> ModelMetadata.from(m)).hasMessageContaining("4 or 8");
    }

    @Test
    void refusesAMissingModelFile() {
        assertThatThrownBy(() -> OnnxLanguageModel.load(Path.of("no-such-model.onnx"), Device.CPU))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("no model file");
    }

    @Test
    void cudaWithoutAGpuFallsBackToTheCpu() {
        try (OnnxLanguageModel model = OnnxLanguageModel.load(TestModels.bundled(), Device.named("cuda", false))) {
            assertThat(model.device()).isIn("cpu", "cuda:0"); // cuda:0 only on a GPU machine with the gpu build
        }
    }

    @Test
    void cudaRequiredWithoutAGpuFailsFast() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("polyphon.gpu-build"),
                "skipped: the gpu build may really start CUDA here");
        assertThatThrownBy(() -> OnnxLanguageModel.load(TestModels.bundled(), Device.named("cuda", true)))
                .isInstanceOf(ModelRejectedException.class).hasMessageContaining("CUDA");
    }
}
