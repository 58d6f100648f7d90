package io.meshwatch.job.entity;

import java.util.Locale;

/** Where a job runs. Its JSON form is lower case: "local", "modal". */
public enum Backend {
    LOCAL, MODAL;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The backend named by a request, or null when the name is unknown. */
    public static Backend fromJson(String name) {
        for (Backend backend : values()) {
            if (backend.json().equals(name)) {
                return backend;
            }
        }
        return null;
    }
}
