package io.ticketd.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SmokeIT {
    @TempDir
    Path dir;

    @Test
    void smoke() throws Exception {
        try (ServerFixture s = ServerFixture.start(dir)) {
            System.out.println(s.get("/health", null).body());
            String account = s.createAccount("Acme");
            s.createStore(account, "S1");
            String cred = s.storeCredential("S1");
            System.out.println(cred);
            var r = s.post("/apip/tickets", cred, "{\"ticketId\":\"T1\",\"startDate\":1763000000000000,\"total\":5}");
            System.out.println(r.status() + " " + r.body());
            r = s.get("/apip/tickets?startDate=0", cred);
            System.out.println(r.status() + " " + r.body());
            System.out.println(s.get("/apip/cpos", cred).body());
            System.out.println(s.get("/nope", cred).body());
            System.out.println(s.send("DELETE", "/apip/tickets", cred, null, null).body());
            System.out.println(s.get("/apip/tickets?startDate=0", "X-API-Key AKI=ak_x;AKS=sk_y").body());
            System.out.println(s.get("/metrics", s.adminHeader).body().substring(0, 600));
        }
    }
}
