package dev.bayesrg.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.bayesrg.activation.Activation;
import java.io.IOException;

/**
 * An {@link Activation} in YAML and JSON is its id ({@code relu}): written by {@link Activation#id()},
 * read back by {@link Activation#named}. An unknown name is an {@code InvalidFormatException} and any
 * other token (a number, a boolean, a list, a map) a mismatched input, both with target type
 * {@link Activation}, so that {@link ConfigLoader} names the field, the value and the allowed ids as
 * for the enums.
 */
final class ActivationJson {
    private ActivationJson() {}

    /** The serializer and deserializer, for the mappers of {@link ConfigLoader}. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("bayesrg-activation");
        module.addSerializer(Activation.class, new Writer());
        module.addDeserializer(Activation.class, new Reader());
        return module;
    }

    /** "one of identity, relu, ...": what a configuration allows, from {@link Activation#all()}. */
    static String allowed() {
        return "one of " + String.join(", ", Activation.ids());
    }

    private static final class Writer extends StdSerializer<Activation> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(Activation.class);
        }

        @Override
        public void serialize(Activation value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.id());
        }
    }

    private static final class Reader extends StdDeserializer<Activation> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Activation.class);
        }

        @Override
        public Activation deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Activation) ctxt.handleUnexpectedToken(Activation.class, p);
            }
            String id = p.getText();
            for (Activation a : Activation.all()) {
                if (a.id().equals(id)) {
                    return a;
                }
            }
            throw ctxt.weirdStringException(id, Activation.class, "not an activation, allowed " + allowed());
        }
    }
}
