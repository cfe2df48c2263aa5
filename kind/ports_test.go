package kind

import "testing"

func TestMapsPort(t *testing.T) {
	t.Parallel()
	bindings := []byte(`{"30080/tcp":[{"HostIp":"127.0.0.1","HostPort":"30080"}],"30081/tcp":[{"HostIp":"127.0.0.1","HostPort":"31081"}],"6443/tcp":[{"HostIp":"127.0.0.1","HostPort":"40123"}]}`)
	for port, want := range map[int32]bool{30080: true, 30081: false, 30082: false, 6443: false} {
		got, err := mapsPort(bindings, port)
		if err != nil || got != want {
			t.Errorf("mapsPort(%d) = %v, %v; want %v", port, got, err, want)
		}
	}
	if _, err := mapsPort([]byte("null x"), 1); err == nil {
		t.Error("mapsPort of bad JSON: no error")
	}
}
