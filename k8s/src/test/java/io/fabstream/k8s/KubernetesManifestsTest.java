package io.fabstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabstream.k8s.Kustomization.Resource;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kustomize base and both overlays, rendered and checked offline: every resource binds to its
 * Kubernetes, Strimzi, Prometheus Operator or Flink operator model class with no field the model
 * does not know, and names agree across resources (selectors find pods, monitors find ports,
 * autoscalers find targets, pods mount what exists, Secrets are referenced and never defined).
 */
class KubernetesManifestsTest {

  /** Secrets the platform team creates before applying (k8s/README.md); none is committed. */
  static final Set<String> EXPECTED_SECRETS =
      Set.of("fabstream-panels-db", "fabstream-grafana-admin", "fabstream-webhook");

  private static final Map<String, Class<?>> MODELS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
          Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
          Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
          Map.entry(
              "kafka.strimzi.io/v1beta2/KafkaUser",
              io.strimzi.api.kafka.model.user.KafkaUser.class),
          Map.entry("flink.apache.org/v1beta1/FlinkDeployment", FlinkDeployment.class));

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What Flink 2.0 needs of the operator, newer than the 1.10 model Maven Central serves. */
  private static final String FLINK_VERSION = "v2_0";

  private static final CrdSchema FLINK_DEPLOYMENT_CRD =
      CrdSchema.fromClasspath(
          "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml", "v1beta1");

  static Path dir(String name) {
    return Path.of(name.equals("base") ? "base" : "overlays/" + name);
  }

  /** Every resource bound to its model class, in order. */
  static List<Object> bind(List<Resource> resources) {
    List<Object> out = new ArrayList<>();
    for (Resource r : resources) {
      Class<?> model = MODELS.get(r.apiVersion() + "/" + r.kind());
      assertThat(model).as("a model for " + r).isNotNull();
      Map<String, Object> body = r.body();
      if (r.kind().equals("FlinkDeployment")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) body.get("spec");
        assertThat(spec.get("flinkVersion")).as(r + " flinkVersion").isEqualTo(FLINK_VERSION);
        // the operator's classes ignore unknown fields, so its CRD's schema judges them
        List<String> problems = new ArrayList<>();
        FLINK_DEPLOYMENT_CRD.check(
            body, Map.of("spec.flinkVersion", Set.of(FLINK_VERSION)), problems);
        assertThat(problems).as(r + " against the FlinkDeployment CRD").isEmpty();
        // bind with the newest version the 1.10 model knows; everything else as written
        body = JSON.convertValue(body, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) body.get("spec");
        copy.put("flinkVersion", "v1_20");
      }
      Object bound;
      try {
        bound = JSON.convertValue(body, model);
      } catch (IllegalArgumentException e) {
        throw new AssertionError(
            r + " does not fit " + model.getSimpleName() + ": " + e.getMessage(), e);
      }
      List<String> unknown = new ArrayList<>();
      unknownFields(bound, r.kind(), unknown, new IdentityHashMap<>());
      assertThat(unknown).as("fields %s does not know in %s", model.getSimpleName(), r).isEmpty();
      out.add(bound);
    }
    return out;
  }

  /** Fields a model kept in its additional-properties map: names its schema does not have. */
  private static void unknownFields(
      Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object x : c) {
        unknownFields(x, path + "[" + i++ + "]", out, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
      return;
    }
    String pkg = o.getClass().getPackageName();
    if (!(pkg.startsWith("io.fabric8")
            || pkg.startsWith("io.strimzi")
            || pkg.startsWith("org.apache.flink"))
        || o.getClass().isEnum()) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      Object v;
      try {
        v = m.invoke(o);
      } catch (ReflectiveOperationException | RuntimeException e) {
        continue; // a computed getter that needs state a manifest does not give; not a field
      }
      if (m.getName().equals("getAdditionalProperties") && v instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> out.add(path + "." + k));
      } else {
        unknownFields(v, path + "." + m.getName().substring(3), out, seen);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "dev", "prod"})
  void everyResourceBindsToItsModelWithoutUnknownFields(String overlay) {
    List<Resource> resources = Kustomization.build(dir(overlay));
    List<Object> bound = bind(resources);
    assertThat(bound).hasSameSizeAs(resources);
    assertThat(resources.stream().map(r -> r.kind() + "/" + r.name()))
        .as("no resource twice")
        .doesNotHaveDuplicates();
    String namespace = overlay.equals("dev") ? "fabstream-dev" : "fabstream";
    for (Resource r : resources) {
      @SuppressWarnings("unchecked")
      Map<String, Object> meta = (Map<String, Object>) r.body().get("metadata");
      if (!r.kind().equals("Namespace")) {
        assertThat(meta.get("namespace")).as(r + " namespace").isEqualTo(namespace);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"base", "dev", "prod"})
  void namesAndReferencesAgree(String overlay) {
    List<Object> all = bind(Kustomization.build(dir(overlay)));
    List<PodTemplateSpec> pods = new ArrayList<>();
    Map<String, Object> workloads = new java.util.HashMap<>();
    for (Object o : all) {
      if (o instanceof Deployment d) {
        pods.add(d.getSpec().getTemplate());
        workloads.put("Deployment/" + d.getMetadata().getName(), d);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
            .as(d.getMetadata().getName() + " selects its own pods")
            .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      } else if (o instanceof StatefulSet s) {
        pods.add(s.getSpec().getTemplate());
        workloads.put("StatefulSet/" + s.getMetadata().getName(), s);
        assertThat(all)
            .as(s.getMetadata().getName() + " has its governing Service")
            .anyMatch(
                x ->
                    x instanceof Service v
                        && v.getMetadata().getName().equals(s.getSpec().getServiceName()));
      }
    }
    List<Map<String, String>> flinkPodLabels = new ArrayList<>();
    for (Object o : all) {
      if (o instanceof FlinkDeployment f) {
        Map<String, String> labels =
            new java.util.HashMap<>(f.getSpec().getPodTemplate().getMetadata().getLabels());
        flinkPodLabels.add(labels);
        pods.add(f.getSpec().getPodTemplate()); // its env, mounts and volumes are checked too
      }
    }
    Set<String> configMaps =
        all.stream()
            .filter(ConfigMap.class::isInstance)
            .map(c -> ((ConfigMap) c).getMetadata().getName())
            .collect(Collectors.toSet());
    Set<String> claims =
        all.stream()
            .filter(PersistentVolumeClaim.class::isInstance)
            .map(c -> ((PersistentVolumeClaim) c).getMetadata().getName())
            .collect(Collectors.toSet());

    for (Object o : all) {
      if (o instanceof Service s) {
        assertThat(pods)
            .as("Service " + s.getMetadata().getName() + " selects pods")
            .anyMatch(p -> matches(s.getSpec().getSelector(), p.getMetadata().getLabels()));
        for (var port : s.getSpec().getPorts()) {
          String target = port.getTargetPort().getStrVal();
          if (target != null) {
            assertThat(
                    pods.stream()
                        .filter(
                            p -> matches(s.getSpec().getSelector(), p.getMetadata().getLabels())))
                .as("Service " + s.getMetadata().getName() + " port " + target)
                .allMatch(
                    p ->
                        p.getSpec().getContainers().stream()
                            .anyMatch(
                                c ->
                                    c.getPorts().stream()
                                        .anyMatch(cp -> target.equals(cp.getName()))));
          }
        }
      } else if (o instanceof PodDisruptionBudget b) {
        assertThat(pods)
            .as("PDB " + b.getMetadata().getName())
            .anyMatch(p -> matches(b.getSpec().getSelector(), p.getMetadata().getLabels()));
      } else if (o instanceof NetworkPolicy n) {
        LabelSelector sel = n.getSpec().getPodSelector();
        boolean everything =
            sel.getMatchLabels() == null && sel.getMatchExpressions() == null
                || (sel.getMatchLabels() != null
                    && sel.getMatchLabels().isEmpty()
                    && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty()));
        assertThat(
                everything
                    || pods.stream().anyMatch(p -> matches(sel, p.getMetadata().getLabels()))
                    || flinkPodLabels.stream().anyMatch(l -> matches(sel, l)))
            .as("NetworkPolicy " + n.getMetadata().getName() + " selects pods")
            .isTrue();
      } else if (o instanceof ServiceMonitor m) {
        assertThat(all)
            .as("ServiceMonitor " + m.getMetadata().getName() + " finds a Service with its port")
            .anyMatch(
                x ->
                    x instanceof Service s
                        && matches(m.getSpec().getSelector(), s.getMetadata().getLabels())
                        && s.getSpec().getPorts().stream()
                            .anyMatch(
                                p ->
                                    p.getName()
                                        .equals(m.getSpec().getEndpoints().get(0).getPort())));
      } else if (o instanceof PodMonitor m) {
        assertThat(flinkPodLabels)
            .as("PodMonitor finds the Flink pods")
            .anyMatch(l -> matches(m.getSpec().getSelector(), l));
      } else if (o instanceof HorizontalPodAutoscaler h) {
        var ref = h.getSpec().getScaleTargetRef();
        assertThat(workloads).as("HPA target").containsKey(ref.getKind() + "/" + ref.getName());
      } else if (o instanceof Kafka k) {
        assertThat(k.getMetadata().getName()).isEqualTo("fabstream");
      }
    }
    List<String> secrets = new ArrayList<>();
    for (PodTemplateSpec p : pods) {
      for (Container c : p.getSpec().getContainers()) {
        for (EnvVar e : c.getEnv()) {
          if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
            secrets.add(e.getValueFrom().getSecretKeyRef().getName());
          }
          if (e.getName().equals("FABSTREAM_BOOTSTRAP")) {
            assertThat(e.getValue())
                .as("the pipeline uses the SCRAM/TLS listener")
                .isEqualTo("fabstream-kafka-bootstrap:9093");
          }
        }
        c.getVolumeMounts()
            .forEach(
                m ->
                    assertThat(
                            p.getSpec().getVolumes().stream()
                                    .map(Volume::getName)
                                    .toList()
                                    .contains(m.getName())
                                || hasClaimTemplate(workloads, m.getName()))
                        .as("volume " + m.getName())
                        .isTrue());
      }
      for (Volume v : p.getSpec().getVolumes()) {
        if (v.getSecret() != null) {
          secrets.add(v.getSecret().getSecretName());
        }
        if (v.getConfigMap() != null) {
          assertThat(configMaps).as("ConfigMap volume").contains(v.getConfigMap().getName());
        }
        if (v.getPersistentVolumeClaim() != null) {
          assertThat(claims).contains(v.getPersistentVolumeClaim().getClaimName());
        }
      }
    }
    // Strimzi writes a Secret per KafkaUser (its password) and the cluster CA's certificate
    Set<String> strimzi = new java.util.HashSet<>(Set.of("fabstream-cluster-ca-cert"));
    all.stream()
        .filter(io.strimzi.api.kafka.model.user.KafkaUser.class::isInstance)
        .forEach(
            u ->
                strimzi.add(
                    ((io.strimzi.api.kafka.model.user.KafkaUser) u).getMetadata().getName()));
    assertThat(secrets).as("Secrets referenced").isNotEmpty();
    assertThat(secrets)
        .as("Secrets are the platform team's (k8s/README.md) or Strimzi's")
        .allMatch(x -> EXPECTED_SECRETS.contains(x) || strimzi.contains(x));
    assertThat(secrets)
        .as("every app and Flink job has its own Kafka user")
        .contains("fab-validation", "fab-drift", "fab-dispatch", "fab-panels", "fab-flink");
    assertThat(all)
        .as("no Secret is committed")
        .noneMatch(o -> o.getClass().getSimpleName().equals("Secret"));
  }

  private static boolean hasClaimTemplate(Map<String, Object> workloads, String name) {
    return workloads.values().stream()
        .anyMatch(
            w ->
                w instanceof StatefulSet s
                    && s.getSpec().getVolumeClaimTemplates().stream()
                        .anyMatch(t -> t.getMetadata().getName().equals(name)));
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static boolean matches(LabelSelector s, Map<String, String> labels) {
    if (s == null || labels == null) {
      return false;
    }
    boolean ok =
        s.getMatchLabels() == null || labels.entrySet().containsAll(s.getMatchLabels().entrySet());
    if (s.getMatchExpressions() != null) {
      for (var e : s.getMatchExpressions()) {
        ok &= e.getOperator().equals("In") && e.getValues().contains(labels.get(e.getKey()));
      }
    }
    return ok && (s.getMatchLabels() != null || s.getMatchExpressions() != null);
  }

  @org.junit.jupiter.api.Test
  void theFlinkJobsAreTheOnesComposeSubmitsAndTheSecretsAreDocumented() throws Exception {
    Set<String> k8s =
        bind(Kustomization.build(dir("base"))).stream()
            .filter(FlinkDeployment.class::isInstance)
            .map(
                f ->
                    ((FlinkDeployment) f).getMetadata().getName()
                        + " "
                        + ((FlinkDeployment) f).getSpec().getJob().getEntryClass())
            .collect(Collectors.toSet());
    String script = java.nio.file.Files.readString(Path.of("../deploy/flink/submit-jobs.sh"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("submit (\\S+) -c (\\S+)").matcher(script);
    Set<String> compose = new java.util.HashSet<>();
    while (m.find()) {
      compose.add(m.group(1) + " " + m.group(2));
    }
    assertThat(k8s).hasSize(4).isEqualTo(compose);
    String readme = java.nio.file.Files.readString(Path.of("README.md"));
    EXPECTED_SECRETS.forEach(
        s -> assertThat(readme).as("k8s/README.md documents " + s).contains("`" + s + "`"));
  }

  @org.junit.jupiter.api.Test
  void prodRunsTheScorersOnGpuNodesAndDevNeedsOneKafkaNode() {
    List<Object> prod = bind(Kustomization.build(dir("prod")));
    List<FlinkDeployment> scorers =
        prod.stream()
            .filter(FlinkDeployment.class::isInstance)
            .map(FlinkDeployment.class::cast)
            .filter(f -> f.getMetadata().getName().endsWith("-scoring"))
            .toList();
    assertThat(scorers).hasSize(2);
    for (FlinkDeployment f : scorers) {
      var tm = f.getSpec().getTaskManager().getPodTemplate().getSpec();
      assertThat(tm.getContainers().get(0).getResources().getLimits())
          .containsKey("nvidia.com/gpu");
      assertThat(tm.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
      assertThat(tm.getTolerations()).anyMatch(t -> t.getKey().equals("nvidia.com/gpu"));
      assertThat(String.join(" ", f.getSpec().getJob().getArgs())).contains("--device cuda:0");
      assertThat(f.getSpec().getJob().getUpgradeMode().name()).isEqualTo("LAST_STATE");
      assertThat(f.getSpec().getFlinkConfiguration())
          .containsEntry("high-availability.type", "kubernetes");
    }
    List<Object> dev = bind(Kustomization.build(dir("dev")));
    assertThat(
            dev.stream()
                .filter(KafkaNodePool.class::isInstance)
                .map(p -> ((KafkaNodePool) p).getSpec().getReplicas()))
        .containsExactly(1);
    assertThat(dev.stream().filter(KafkaTopic.class::isInstance).map(KafkaTopic.class::cast))
        .as("every topic fits the single dev node")
        .hasSize(22)
        .allSatisfy(
            t -> {
              assertThat(t.getSpec().getReplicas()).isEqualTo(1);
              assertThat(t.getSpec().getConfig()).containsEntry("min.insync.replicas", "1");
            });
    assertThat(
            prod.stream()
                .filter(KafkaTopic.class::isInstance)
                .map(t -> ((KafkaTopic) t).getSpec().getReplicas()))
        .containsOnly(3);
    assertThat(Stream.of(dev, prod).map(List::size)).doesNotContain(0);
  }
}
