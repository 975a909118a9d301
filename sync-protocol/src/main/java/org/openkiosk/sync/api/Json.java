package org.openkiosk.sync.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON configuration both ends of the sync protocol use. */
public final class Json {

    /**
     * Longest JSON string value accepted when reading, in characters. A document travels as one
     * base64 string (4 characters per 3 bytes); Jackson's default of 20 M characters would refuse
     * a 15 MB scan.
     */
    public static final int MAX_STRING_LENGTH = 200_000_000;

    private Json() {
    }

    /**
     * A new mapper configured for the wire format: {@code java.time} values as ISO-8601 strings,
     * unknown properties ignored (so either side can add fields), {@code byte[]} as base64.
     * Mappers are thread-safe and not cheap to build: create one and keep it.
     */
    public static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
